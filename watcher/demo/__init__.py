"""The bundled demo: a local site of fictional vendor pages and the runner that replays it."""
