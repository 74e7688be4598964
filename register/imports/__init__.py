"""Moving in from spreadsheets: templates, upload, column mapping, dry run and commit through the
register services, and the workbook export that an import reads back (issue 9, ADR 0019)."""
