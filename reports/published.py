"""The report as anyone may see it: every figure protected (reports.suppression),
named and defined in plain words; the page, the CSV and the API all show this."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import suppression
from .selectors import ImpactFigures, Row
from .suppression import Figure


@dataclass(frozen=True)
class PublishedFigure:
    key: str
    label: str
    definition: str
    figure: Figure


@dataclass(frozen=True)
class PublishedRow:
    key: str
    label: str
    figure: Figure


@dataclass(frozen=True)
class PublishedTable:
    key: str
    caption: str
    definition: str
    column: str
    rows: list[PublishedRow]
    total: Figure
    # The total line's name when it is not a plain "Total".
    total_label: str = ""
    # Figures told in a sentence under the table ("did not say: 20").
    notes: list[PublishedFigure] = field(default_factory=list)


@dataclass(frozen=True)
class PublishedReport:
    period_text: str
    scope: str
    figures: list[PublishedFigure]
    tables: list[PublishedTable]
    threshold: int
    rounding_base: int


def _rows(rows: list[Row], cells: list[Figure]) -> list[PublishedRow]:
    return [
        PublishedRow(key=row.key, label=row.label, figure=figure)
        for row, figure in zip(rows, cells, strict=True)
    ]


def _level_rows(rows: list[Row]) -> list[Row]:
    return [
        Row(
            key=row.key,
            label=_("Niveau %(level)s") % {"level": row.label},
            count=row.count,
        )
        for row in rows
    ]


def _said_tables(figures: ImpactFigures) -> tuple[list[PublishedTable], Figure]:
    """Active learners by interface language and by age band, counting only
    those who chose or said; how many did not is a note under each table. Also
    the protected number of active learners, which both tables break down."""
    by_language, by_age_band = suppression.said_tables_figures(
        [
            (
                [row.count for row in figures.learners_by_language],
                figures.language_not_said,
            ),
            (
                [row.count for row in figures.learners_by_age_band],
                figures.age_band_not_said,
            ),
        ],
        figures.learners_active,
    )
    return [
        PublishedTable(
            "learners_by_language",
            _("Apprenant·es actif·ves par langue du site"),
            _(
                "Les apprenant·es actif·ves de la période, selon la langue qu'elles "
                "et ils ont choisie pour le site. Seules les personnes qui ont "
                "choisi une langue sont comptées."
            ),
            _("Langue"),
            _rows(figures.learners_by_language, by_language.cells),
            by_language.said,
            total_label=_("Ont choisi une langue"),
            notes=[
                PublishedFigure(
                    "language_not_said",
                    _("N'ont pas choisi de langue"),
                    _("Apprenant·es actif·ves qui n'ont jamais choisi de langue."),
                    by_language.not_said,
                )
            ],
        ),
        PublishedTable(
            "learners_by_age_band",
            _("Apprenant·es actif·ves par âge"),
            _(
                "Les apprenant·es actif·ves de la période, selon l'âge qu'elles et "
                "ils ont indiqué eux-mêmes (une question facultative). Seules les "
                "personnes qui l'ont indiqué sont comptées."
            ),
            _("Âge"),
            _rows(figures.learners_by_age_band, by_age_band.cells),
            by_age_band.said,
            total_label=_("Ont indiqué leur âge"),
            notes=[
                PublishedFigure(
                    "age_band_not_said",
                    _("N'ont pas indiqué leur âge"),
                    _("Apprenant·es actif·ves qui n'ont pas dit leur âge."),
                    by_age_band.not_said,
                )
            ],
        ),
    ], by_language.total


def _outcomes_table(figures: ImpactFigures) -> PublishedTable:
    outcomes = suppression.overlapping_table_figures(
        [row.count for row in figures.outcomes], figures.outcome_respondents
    )
    return PublishedTable(
        "outcomes",
        _("Ce que les membres disent être devenu·es"),
        _(
            "Après un certificat délivré pendant la période, une question "
            "facultative demande au membre ce qui a changé depuis. Ne compte que "
            "les membres qui ont répondu, une fois par réponse donnée : plusieurs "
            "réponses sont possibles, les lignes ne s'additionnent donc pas. "
            "Les personnes qui n'ont pas répondu ne sont pas comptées."
        ),
        _("Réponse"),
        _rows(figures.outcomes, outcomes.cells),
        outcomes.total,
        total_label=_("Membres ayant répondu"),
    )


def report_publish(figures: ImpactFigures) -> PublishedReport:
    """Hides, rounds and labels the exact figures."""
    count = suppression.count_figure
    # The demographic tables break the active learners down: the headline is
    # their protected total, hidden with them when it would give a cell back.
    said_tables, learners_active = _said_tables(figures)
    enrolments = count(figures.enrolments)
    cohort = count(figures.cohort_completed)
    courses = suppression.table_figures(
        [row.count for row in figures.certificates_by_course], figures.certificates
    )
    by_area, by_level = suppression.linked_table_figures(
        [
            [row.count for row in figures.skills_by_area],
            [row.count for row in figures.skills_by_level],
        ],
        figures.certified_skills,
    )
    headline = [
        PublishedFigure(
            "learners_active",
            _("Apprenant·es actif·ves"),
            _(
                "Personnes qui se sont inscrites à un module, ont terminé une "
                "leçon ou un module pendant la période."
            ),
            learners_active,
        ),
        PublishedFigure(
            "enrolments",
            _("Inscriptions"),
            _("Inscriptions à un module faites pendant la période."),
            enrolments,
        ),
        PublishedFigure(
            "completions",
            _("Modules terminés"),
            _(
                "Modules terminés pendant la période (toutes les leçons "
                "obligatoires faites, tous les quiz obligatoires réussis)."
            ),
            count(figures.completions),
        ),
        PublishedFigure(
            "completion_rate",
            _("Taux d'achèvement"),
            _(
                "Parmi les inscriptions de la période, la part des modules "
                "terminés à la fin de la période, calculée sur les nombres "
                "arrondis."
            ),
            suppression.rate_figure(cohort, enrolments),
        ),
        PublishedFigure(
            "median_days_to_completion",
            _("Durée médiane pour terminer"),
            _(
                "Pour les modules terminés pendant la période, le temps entre "
                "l'inscription et la fin : la moitié des personnes a mis moins, "
                "l'autre moitié plus."
            ),
            suppression.days_figure(
                figures.median_days_to_completion, over=figures.completions
            ),
        ),
        PublishedFigure(
            "certificates",
            _("Certificats délivrés"),
            _(
                "Certificats délivrés pendant la période et toujours valides "
                "(un certificat révoqué ou remplacé n'est pas compté)."
            ),
            courses.total,
        ),
        PublishedFigure(
            "certified_skills",
            _("Compétences certifiées"),
            _(
                "Compétences DigComp attestées par ces certificats : un "
                "certificat peut en attester plusieurs."
            ),
            by_area.total,
        ),
        PublishedFigure(
            "stories",
            _("Réussites partagées"),
            _(
                "Récits de réussite publiés pendant la période, après accord "
                "du membre et relecture par l'équipe."
            ),
            count(figures.stories),
        ),
        PublishedFigure(
            "interests",
            _("Marques d'intérêt de partenaires"),
            _(
                "Fois où un employeur ou un service partenaire a dit être "
                "intéressé par le profil d'un membre pendant la période."
            ),
            count(figures.interests),
        ),
    ]
    tables = [
        PublishedTable(
            "certificates_by_course",
            _("Certificats par module"),
            _("Les certificats délivrés pendant la période, module par module."),
            _("Module"),
            _rows(figures.certificates_by_course, courses.cells),
            courses.total,
        ),
        PublishedTable(
            "skills_by_area",
            _("Compétences certifiées par domaine DigComp"),
            _(
                "Les compétences attestées par ces certificats, selon les cinq "
                "domaines du référentiel européen DigComp 2.2."
            ),
            _("Domaine"),
            _rows(figures.skills_by_area, by_area.cells),
            by_area.total,
        ),
        PublishedTable(
            "skills_by_level",
            _("Compétences certifiées par niveau"),
            _(
                "Les mêmes compétences, selon le niveau de maîtrise atteint "
                "(de 1, fondamental, à 8, hautement spécialisé)."
            ),
            _("Niveau"),
            _rows(_level_rows(figures.skills_by_level), by_level.cells),
            by_level.total,
        ),
        _outcomes_table(figures),
        *said_tables,
    ]
    organisation = figures.organisation
    return PublishedReport(
        period_text=_("du %(start)s au %(end)s")
        % {
            "start": date_format(figures.period.start, "SHORT_DATE_FORMAT"),
            "end": date_format(figures.period.end, "SHORT_DATE_FORMAT"),
        },
        scope=organisation.name if organisation else _("Toute la plateforme"),
        figures=headline,
        tables=tables,
        threshold=suppression.suppression_threshold(),
        rounding_base=suppression.rounding_base(),
    )


def report_csv_rows(report: PublishedReport) -> Iterator[list[str]]:
    """The figures as shown on the page, one line each: section, line, figure."""
    yield [_("rapport"), _("ligne"), _("valeur")]
    yield [_("période"), "", report.period_text]
    yield [_("organisation"), "", report.scope]
    for figure in report.figures:
        yield [_("chiffres clés"), figure.label, figure.figure.text]
    for table in report.tables:
        for row in table.rows:
            yield [table.caption, row.label, row.figure.text]
        yield [table.caption, table.total_label or _("Total"), table.total.text]
        for note in table.notes:
            yield [table.caption, note.label, note.figure.text]
