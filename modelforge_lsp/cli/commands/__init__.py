"""One module per ``modelforge`` command; each exports a click command."""
