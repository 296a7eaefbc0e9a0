/* version.h - the program's version and the schema version it needs. */
#ifndef QUDAO_VERSION_H
#define QUDAO_VERSION_H

#define QUDAO_SCHEMA_VERSION 10 /* highest schema/NNNN-*.xml */

#endif
