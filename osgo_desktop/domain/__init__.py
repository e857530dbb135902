"""Pure rules of the selection competitions."""
