"""Pure checks every door shares: plausible dates and instants, strict numbers, USCC codes."""
