"""The Qt face of OSGO Desktop."""
