/**
 * The record's data: agent entries, the status document, escalations, handoff marks, their JSON codecs and the
 * paths of the record's files. Bottom layer: imports only the leaves; imported by every layer.
 */
package dev.ghp.agents.model;
