/* What the line kernels' calls share: reading their arguments and answering a status. */
#include "lines.h"

#include <stdlib.h>
#include <string.h>

int lines_props_arg(napi_env env, napi_value value, props_t *p) {
  size_t n;
  p->flags = typed_array_data(env, value, &n);
  p->n_unknown = 0;
  if (p->flags == NULL || n < 0x110000) {
    napi_throw_type_error(env, NULL, "expected the property table (0x110000 bytes)");
    return 0;
  }
  return 1;
}

napi_value lines_status_value(napi_env env, int status) {
  napi_value v;
  napi_create_int32(env, status, &v);
  return v;
}

void lines_write_unknown(const props_t *p, int32_t *out) {
  out[0] = (int32_t)p->n_unknown;
  memcpy(out + 1, p->unknown, p->n_unknown * sizeof(int32_t));
}
