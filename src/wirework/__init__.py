"""Wirework: a workflow-automation platform that runs n8n workflow JSON unchanged."""

__version__ = "0.1.0"
