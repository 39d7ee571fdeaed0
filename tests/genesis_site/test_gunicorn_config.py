"""genesis_site/gunicorn.conf.py as gunicorn reads it."""

import gc
import runpy

from django.conf import settings
from django.test import SimpleTestCase

CONFIG = settings.BASE_DIR / "genesis_site" / "gunicorn.conf.py"


class GunicornConfigTests(SimpleTestCase):
    def setUp(self):
        self.config = runpy.run_path(str(CONFIG))

    def test_workers_fork_from_a_master_that_loaded_the_site_once(self):
        self.assertIs(self.config["preload_app"], True)

    def test_before_each_fork_the_loaded_site_is_frozen_out_of_the_garbage_collector(self):
        # Each worker then shares those objects' memory with the master and never
        # spends CPU walking them.
        self.addCleanup(gc.unfreeze)
        gc.unfreeze()
        self.config["pre_fork"](server=None, worker=None)
        self.assertGreater(gc.get_freeze_count(), 0)

    def test_workers_are_recycled_rarely_and_not_all_at_once(self):
        self.assertGreaterEqual(self.config["max_requests"], 100_000)
        self.assertGreater(self.config["max_requests_jitter"], 0)
