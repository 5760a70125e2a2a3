"""Writes on H5P: installing a package (install.py) and the learner's xAPI
statements and saved state (xapi.py). The two share nothing but the models; both
read through h5p.selectors, which imports neither."""

from .install import (  # noqa: F401 - the package's public writes
    content_delete,
    package_install,
    user_may_install_libraries,
)
from .xapi import state_save, statement_record  # noqa: F401
