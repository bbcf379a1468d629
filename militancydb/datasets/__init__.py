"""The bundled datasets (UCDP GED, Pakistan rows; CC BY 4.0)."""
