"""What every public page costs, for the tests that count a page's queries."""

# The footer states the reply promise (enquiry_tags' reply_promise): one read of the
# response policy on every page, however much the page shows.
FOOTER_QUERIES = 1
