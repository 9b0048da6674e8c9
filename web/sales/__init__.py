"""Pages and API of sales invoices going out: customer book, deliveries, the public payment page."""
