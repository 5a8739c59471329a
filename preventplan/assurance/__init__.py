"""Information assurance: the auditors' search and export of the audit log, and the review of
records due for retention (MOPI). Both read across the organisation tree and its records, so
they sit above the apps whose records they read; the log itself and the retention rules and
decisions are the audit app's models, which every app below writes to."""
