"""PDF documents: data in, PDF bytes out."""
