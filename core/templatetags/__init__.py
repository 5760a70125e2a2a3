"""Template libraries of the building blocks, loaded for every template (settings
TEMPLATES "builtins")."""
