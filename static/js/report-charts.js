// Impact report charts (Chart.js): one horizontal bar chart beside each table,
// drawn from the same published cells (json_script "report-charts"). A hidden
// cell has no bar and shows its text ("< 5", "masqué"), never a number. Without
// this script, or without Chart.js, the tables say it all.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var INK = "#1a1a1a";
  var BAR = "#1f5f8b";
  var LINE_HEIGHT = 20; // px per line of a label: a bar's row fits its label
  var MAX_LINES = 3;
  var TITLE_LINE_HEIGHT = 24;
  // Characters per line of an axis label: Chart.js gives the labels a third of
  // the width at most and cuts what is longer.
  var LABEL_CHARS_NARROW = 13;
  var LABEL_CHARS = 18;
  var FONT = { size: 16, family: "system-ui, sans-serif" };

  // Chart.js wraps neither axis labels nor titles: an array of lines is drawn
  // line by line.
  function lines(label, width) {
    var words = label.split(/\s+/);
    var result = [];
    var current = "";
    words.forEach(function (word) {
      if (current && (current + " " + word).length > width) {
        result.push(current);
        current = word;
      } else {
        current = current ? current + " " + word : word;
      }
    });
    if (current) {
      result.push(current);
    }
    if (result.length > MAX_LINES) {
      // The table beside has the whole label; a longer line would be cut.
      var last = result.slice(MAX_LINES - 1).join(" ").slice(0, width - 1);
      result = result.slice(0, MAX_LINES - 1).concat([last + "…"]);
    }
    // Each line isolated (FSI ... PDI): a French course title keeps its own
    // order inside the Arabic interface, "1. Maîtrise" included.
    return result.map(function (line) {
      return "\u2068" + line + "\u2069";
    });
  }

  // Each bar's text at its end, or at the axis for a hidden cell: the figure is
  // read as published, never guessed from a bar's length.
  function barTexts(bars) {
    return {
      id: "barTexts",
      afterDatasetsDraw: function (chart) {
        var ctx = chart.ctx;
        var zero = chart.scales.x.getPixelForValue(0);
        var gap = rtl ? -6 : 6;
        ctx.save();
        ctx.fillStyle = INK;
        ctx.textBaseline = "middle";
        ctx.textAlign = rtl ? "right" : "left";
        chart.getDatasetMeta(0).data.forEach(function (element, index) {
          var bar = bars[index];
          ctx.font = (bar.hidden ? "italic " : "bold ") + FONT.size + "px " + FONT.family;
          var x = bar.hidden || bar.value === null ? zero : element.x;
          ctx.fillText(bar.text, x + gap, element.y);
        });
        ctx.restore();
      },
    };
  }

  function draw(holder, chart) {
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", chart.description);
    canvas.textContent = chart.description;
    holder.hidden = false; // shown first: a hidden holder has no width
    var width = holder.clientWidth || 320;
    var title = lines(chart.title, Math.max(20, Math.floor(width / 11)));
    var labelChars = width < 480 ? LABEL_CHARS_NARROW : LABEL_CHARS;
    var labels = chart.bars.map(function (bar) {
      return lines(bar.label, labelChars);
    });
    var tallest = Math.max.apply(
      null,
      labels.map(function (label) {
        return label.length;
      })
    );
    var rowHeight = Math.max(44, tallest * LINE_HEIGHT + 16);
    holder.style.height =
      title.length * TITLE_LINE_HEIGHT + chart.bars.length * rowHeight + 24 + "px";
    holder.appendChild(canvas);
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: [
          {
            data: chart.bars.map(function (bar) {
              return bar.hidden ? null : bar.value;
            }),
            backgroundColor: BAR,
            maxBarThickness: 28,
          },
        ],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        events: [], // nothing to hover: every figure is written on the chart
        locale: "fr-BE", // the tables' digits (0-9) in every language
        layout: { padding: { left: 4, right: 4 } },
        scales: {
          x: {
            display: false,
            beginAtZero: true,
            reverse: rtl,
            // Room beyond the longest bar for its text.
            grace: "35%",
            suggestedMax: 5,
          },
          y: {
            position: rtl ? "right" : "left",
            grid: { display: false },
            border: { color: INK },
            ticks: { color: INK, font: FONT, autoSkip: false },
          },
        },
        plugins: {
          legend: { display: false },
          // Drawn, so the picture says what it shows; its accessible name is
          // the canvas's label.
          title: {
            display: true,
            text: title,
            color: INK,
            align: rtl ? "end" : "start",
            font: { size: FONT.size, family: FONT.family, weight: "bold" },
            padding: { bottom: 8 },
          },
          tooltip: { enabled: false },
        },
      },
      plugins: [barTexts(chart.bars)],
    });
  }

  document.querySelectorAll("[data-chart]").forEach(function (holder) {
    var chart = charts[holder.dataset.chart];
    if (chart) {
      draw(holder, chart);
    }
  });
})();
