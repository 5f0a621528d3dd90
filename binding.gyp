{
  "targets": [
    {
      "target_name": "winnow",
      "sources": [
        "native/addon.c",
        "native/words.c",
        "native/ngrams.c",
        "native/bpe.c",
        "native/lines.c", "native/lines-stats.c", "native/lines-phrases.c"
      ],
      "cflags": ["-O3", "-std=c11", "-fno-strict-aliasing"],
      "cflags!": ["-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
