"""The Slack edge: Bolt app, listeners, flows, pure Block Kit views, its own storage and the
poster that implements jobs' delivery interface. Only this package imports slack_bolt /
slack_sdk (import-linter checks it)."""
