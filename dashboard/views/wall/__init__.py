"""The IOC video wall: its configuration, the data of each tile, and the figures and HTML that draw them."""
