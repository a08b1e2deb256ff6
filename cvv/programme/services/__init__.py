"""Writes of the programme. Every function checks the state, runs in a transaction and
writes its audit entry (directly or through a declared workflow); e-mails are queued on
commit as tasks taking ids."""
