"""The desktop app: Qt only, talking to the services through the workspace façade."""
