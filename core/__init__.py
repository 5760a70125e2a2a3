"""Building blocks every app may use (uploads, Markdown, rate limits, archives, QR
codes, the PDF engine, file serving, spreadsheets, parsers, API errors); core
imports no app of ours, so the arrows of the house all end here."""
