"""Month-end outputs rendered from the register and the snapshot: AT return and board pack."""
