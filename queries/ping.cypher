// The server answers and the database is open.
RETURN 1 AS ok
