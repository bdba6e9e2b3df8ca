"""Writers that turn plain report data into documents (md, html, csv, xlsx)."""
