//! An open channel's routing as its settings form edits it: the numbers
//! typed, read into the request the server checks.

use switchboard_protocol::{DistributionMode, LineRouting, LineRoutingRequest};

/// The request of the form: `mode` is the distribution's name, `fields` the
/// time to take, the capacity and the first-answer target as typed (an
/// empty capacity or target: none). Answers the field that is not a whole
/// number, by its request name, instead.
pub fn routing_request(
    mode: &str,
    [take, capacity, target]: &[String; 3],
) -> Result<LineRoutingRequest, &'static str> {
    let optional = |text: &str, field: &'static str| -> Result<Option<u32>, &'static str> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| field)
    };
    let time_to_take_seconds =
        optional(take, "time_to_take_seconds")?.ok_or("time_to_take_seconds")?;
    Ok(LineRoutingRequest {
        mode: DistributionMode::parse(mode).unwrap_or(DistributionMode::All),
        routing: LineRouting {
            time_to_take_seconds,
            capacity: optional(capacity, "capacity")?,
            first_answer_target_seconds: optional(target, "first_answer_target_seconds")?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(take: &str, capacity: &str, target: &str) -> [String; 3] {
        [take.into(), capacity.into(), target.into()]
    }

    #[test]
    fn empty_capacity_and_target_mean_none() {
        let request = routing_request("evenly", &fields(" 30 ", "", "")).unwrap();
        assert_eq!(request.mode, DistributionMode::Evenly);
        assert_eq!(
            request.routing,
            LineRouting {
                time_to_take_seconds: 30,
                capacity: None,
                first_answer_target_seconds: None,
            }
        );
        let request = routing_request("strict", &fields("60", "2", "120")).unwrap();
        assert_eq!(request.routing.capacity, Some(2));
        assert_eq!(request.routing.first_answer_target_seconds, Some(120));
    }

    #[test]
    fn a_field_that_is_not_a_whole_number_is_named() {
        assert_eq!(
            routing_request("all", &fields("", "", "")),
            Err("time_to_take_seconds")
        );
        assert_eq!(
            routing_request("all", &fields("60", "two", "")),
            Err("capacity")
        );
        assert_eq!(
            routing_request("all", &fields("60", "", "-5")),
            Err("first_answer_target_seconds")
        );
    }
}
