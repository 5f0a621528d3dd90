{
  "targets": [
    {
      "target_name": "winnow",
      "sources": [
        "native/addon.c",
        "native/words.c", "native/words-rules.c", "native/words-ids.c", "native/words-url.c", "native/words-match.c",
        "native/ngrams.c",
        "native/ngrams-lines.c",
        "native/bpe.c", "native/bpe-scan.c", "native/bpe-cache.c", "native/bpe-merge.c",
        "native/lines.c"
      ],
      "cflags": ["-O3", "-std=c11", "-fno-strict-aliasing"],
      "cflags!": ["-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
