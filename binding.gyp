{
  "targets": [
    {
      "target_name": "winnow",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native').filter((f) => f.endsWith('.c')).sort().map((f) => 'native/' + f).join(' ')\")"
      ],
      "cflags": ["-O3", "-std=c11", "-fno-strict-aliasing"],
      "cflags!": ["-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
