"""Reports: the building blocks a report notebook calls, and the renderer that turns the executed
notebook into HTML, PDF and Word (Quarto when installed, else Pandoc + Typst)."""
