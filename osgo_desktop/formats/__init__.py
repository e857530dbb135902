"""File-format adapters: the files users bring in and take away (applicant lists in CSV and XLSX), read and written
as plain data for the services; no database, no Qt."""
