"""Secrets given to people once and stored only as a hash: API tokens, invitation links,
calendar addresses, two-factor recovery codes.

The secrets are long and random, so one round of SHA-256 is enough (a slow password hash would
only slow every API request) and lets a secret be found by its hash. Changing the algorithm or
the input would invalidate every secret already handed out.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token(prefix: str = "") -> str:
    """A fresh URL-safe secret (256 bits of randomness), after an optional recognisable prefix."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The hex SHA-256 of the secret as given: what is stored and looked up instead of it."""
    return hashlib.sha256(token.encode()).hexdigest()
