"""Test-only: widen the tokenizer's race window in every Python process started with this folder
on PYTHONPATH (the model owner a test starts), and in the test process through `install()`.

A fast tokenizer keeps padding and truncation as mutable state: `__call__` enables padding,
then encodes the batch; `tokenize` (what chunking's token counting calls) disables it. A second
thread that counts tokens between those two steps makes the batch come out unpadded and the
encode fail with "Unable to create tensor". Sleeping 20 ms right after padding is enabled turns
that narrow window (the issue saw 5 failures in 40 s of traffic) into a wide one; where only one
thread ever uses the tokenizer, the sleep changes nothing but time. Counting word pieces sleeps
2 ms a call, so an upload's chunking job lasts long enough for questions to overlap it.
"""

import time


def install():
    from transformers import tokenization_utils_tokenizers as backend

    cls = backend.TokenizersBackend
    original = cls.set_truncation_and_padding

    def slow_after_enabling_padding(self, padding_strategy, *args, **kwargs):
        result = original(self, padding_strategy, *args, **kwargs)
        if getattr(padding_strategy, "value", padding_strategy) != "do_not_pad":
            time.sleep(0.02)
        else:  # counting word pieces (chunking): slower too, so a chunking job lasts long enough
            time.sleep(0.002)  # for questions to be encoded while it runs (the test asserts they were)
        return result

    cls.set_truncation_and_padding = slow_after_enabling_padding

    def undo():
        cls.set_truncation_and_padding = original

    return undo


import os  # noqa: E402

if os.environ.get("TUTOR_TEST_WIDEN_TOKENIZER_RACE") == "1":
    try:
        install()
    except ImportError:  # a process without transformers has no tokenizer to slow down
        pass
