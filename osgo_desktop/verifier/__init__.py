"""The stand-alone checker of an exported election record (``osgo verify``): an application over ``domain/`` alone,
with no database, no services and no Qt, so an observer can run it on a machine of their own."""
