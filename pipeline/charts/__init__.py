"""Charts in one house style: style sheet, palette and Dutch number formats (pipeline/style/)."""
