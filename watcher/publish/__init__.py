"""The publish stage: telling people about changes, through feeds and alerts they can rely on.

`feed` writes Atom and RSS from `Change` records; notifiers (one file per kind, registered by
the kind name used in sources.yaml) send alerts to Slack, email and other chat tools; `outbox`
delivers through a durable queue (`Outbox`, which the store implements) so that a crash never
loses an alert and a retry never sends one twice once the receiver has acknowledged it.
Publishing reads records only: the pipeline and the CLI build `Change`s from the store.
"""
