/**
 * Authority rules: pure logic over the record, no I/O. Who may claim, approve, award, release; what is stale,
 * blocked or skewed; what a heartbeat writes. Rules layer: may import {@code input} and the layers below;
 * imported by {@code merge} and the layers above.
 */
package dev.ghp.agents.rules;
