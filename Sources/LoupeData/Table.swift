/// Columnar tables read from CSV, TSV and JSON Lines.
