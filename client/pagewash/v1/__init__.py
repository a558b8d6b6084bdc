"""Generated pagewash.v1 wire messages and stubs (`make proto`; do not edit by hand)."""
