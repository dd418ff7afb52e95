"""Facts about a whole page (not one finding): the page model every extractor reads (:mod:`.model`), its structured
data (:mod:`.structured_data`) and its language (:mod:`.language`)."""
