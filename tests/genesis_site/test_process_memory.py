from django.test import SimpleTestCase

from genesis_site.process_memory import ProcessMemory


class ProcessMemoryTests(SimpleTestCase):
    def test_an_answer_is_worked_out_once_and_the_oldest_forgotten_past_the_size(self):
        worked_out = []

        def answer(key):
            worked_out.append(key)
            return f"answer to {key}"

        memory = ProcessMemory(size=2)
        for key in ["a", "b", "a", "c", "b", "a"]:
            self.assertEqual(memory.get(key, lambda key=key: answer(key)), f"answer to {key}")
        # "a" was the oldest when "c" came, so it was worked out again.
        self.assertEqual(worked_out, ["a", "b", "c", "a"])
        self.assertEqual(list(memory.answers), ["c", "a"])
