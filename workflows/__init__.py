"""Durable workflows, one module per procedure; their models live beside them."""
