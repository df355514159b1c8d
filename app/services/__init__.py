"""Services shared by the CLI and the HTTP API: parse nothing, call the store and analyses, return plain data."""
