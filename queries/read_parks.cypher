MATCH (p:Park)
RETURN p {.*} AS park
ORDER BY p.id
