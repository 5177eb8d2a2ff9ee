"""Code Rasa itself loads (Python 3.10, `.venv-rasa`): it may import only the dependency-free parts of `veiviser`."""
