"""praevnet's entrypoints: the FastAPI app (:mod:`api.app`) and the CLI (:mod:`api.cli`)."""
