"""Fonts, icons, translation catalogues and the style sheet."""
