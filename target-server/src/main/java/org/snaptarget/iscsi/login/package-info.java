/**
 * The iSCSI login phase and full-feature text negotiation (RFC 7143 §6, §11.12–11.13, §12, §13,
 * Appendix C), as pure logic: no channels, sockets or PDU bytes.
 *
 * <p>The session layer hands each Login Request's BHS fields and raw data segment to one
 * {@link org.snaptarget.iscsi.login.LoginNegotiator} per connection and sends back the
 * {@link org.snaptarget.iscsi.login.LoginResponse} it returns, adding ISID, TSIH, ITT and the
 * sequence numbers. When the negotiator reports {@code complete()}, its
 * {@link org.snaptarget.iscsi.login.NegotiatedSession} says who logged in to what, with which
 * {@link org.snaptarget.iscsi.login.SessionParameters}; when it reports {@code failed()}, the
 * connection closes after the response. In full-feature phase a
 * {@link org.snaptarget.iscsi.login.TextNegotiator} answers assembled Text Requests, SendTargets
 * among them.
 *
 * <p>Inside: {@code TextCodec} and {@code ValueFormats} read and write the text format (§6.1);
 * {@code OperationalKey} is the table of §13 keys with their use, result function and range, and
 * {@code OperationalNegotiation} answers them; {@code ChapExchange} and {@code ChapAlgorithm} run
 * CHAP (§12.1.3); {@code SendTargetsResponder} builds discovery answers. Nothing here blocks, and
 * nothing here throws for anything an initiator can send.
 */
package org.snaptarget.iscsi.login;
