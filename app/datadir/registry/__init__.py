"""Import of registry exports (企查查 / 天眼查 / 启信宝 style): read, recognise, parse, place, link.

The pieces are pure (no store): :mod:`.reader` reads a file safely, :mod:`.headers` recognises
the columns, :mod:`.records` parses and checks a row, :mod:`.placement` places it in a region
and :mod:`.linking` links it to chain links with graded evidence. ``app.services.imports``
puts them together against a store.
"""
