"""Signal receivers keeping the statistics rollups in step with dossier services."""
