"""The Slack edge: Bolt app, listeners, pure Block Kit builders and the stores they need.

Only this package (and jobs/deliver.py) imports slack_bolt / slack_sdk.
"""
