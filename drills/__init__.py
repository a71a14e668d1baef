"""Scale-out and fault drills against the real engine (see drills/README.md)."""
