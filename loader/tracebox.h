/* tracebox loader: everything a frontend needs, in one include. */
#ifndef TRACEBOX_H
#define TRACEBOX_H

#include "tb_features.h"
#include "tb_format.h"
#include "tb_kheaders.h"
#include "tb_log.h"
#include "tb_net.h"
#include "tb_options.h"
#include "tb_output.h"
#include "tb_program.h"

#endif
